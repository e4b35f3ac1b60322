"""The cc_setup service's tables."""

from sqlalchemy.orm import DeclarativeBase

from servicekit import known_customers_table, new_metadata, platform_tables


class Base(DeclarativeBase):
    metadata = new_metadata()


platform = platform_tables(Base.metadata)
known_customers = known_customers_table(Base.metadata)

# Each noun keeps its tables beside it; importing them here registers them on the metadata.
from cc_setup.administrator import models as _administrator_models  # noqa: E402, F401
from cc_setup.locality import models as _locality_models  # noqa: E402, F401
from cc_setup.order import models as _order_models  # noqa: E402, F401
from cc_setup.provisioning import models as _provisioning_models  # noqa: E402, F401
from cc_setup.setup import models as _setup_models  # noqa: E402, F401
