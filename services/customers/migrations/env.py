from customers.models import Base
from customers.webhook import models as webhook_models  # noqa: F401 - registers its tables
from servicekit.migrations import run_env

run_env(Base.metadata)
