CREATE DATABASE customers;
CREATE DATABASE rpl_screening;
CREATE DATABASE pstn_orders;
CREATE DATABASE cc_setup;
CREATE DATABASE sandbox_carrier;  -- pstn_orders' sandbox carrier, until a real carrier is configured
