"""The pstn_orders service's tables."""

from sqlalchemy.orm import DeclarativeBase

from servicekit import known_customers_table, new_metadata, platform_tables


class Base(DeclarativeBase):
    metadata = new_metadata()


platform = platform_tables(Base.metadata)
known_customers = known_customers_table(Base.metadata)

# Each noun keeps its tables beside it; importing them here registers them on the metadata.
from pstn_orders.auto_attendant import models as _auto_attendant_models  # noqa: E402, F401
from pstn_orders.cart import models as _cart_models  # noqa: E402, F401
from pstn_orders.connection import models as _connection_models  # noqa: E402, F401
from pstn_orders.contract import models as _contract_models  # noqa: E402, F401
from pstn_orders.document import models as _document_models  # noqa: E402, F401
from pstn_orders.emergency_address import models as _emergency_address_models  # noqa: E402, F401
from pstn_orders.hunt_group import models as _hunt_group_models  # noqa: E402, F401
from pstn_orders.location import models as _location_models  # noqa: E402, F401
from pstn_orders.number import models as _number_models  # noqa: E402, F401
from pstn_orders.number_order import models as _number_order_models  # noqa: E402, F401
from pstn_orders.port_cart import models as _port_cart_models  # noqa: E402, F401
from pstn_orders.port_order import models as _port_order_models  # noqa: E402, F401
from pstn_orders.reservation import models as _reservation_models  # noqa: E402, F401
from pstn_orders.user import models as _user_models  # noqa: E402, F401
