CREATE DATABASE customers;
CREATE DATABASE rpl_screening;
CREATE DATABASE pstn_orders;
CREATE DATABASE cc_setup;
