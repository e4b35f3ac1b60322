from customers.models import Base
from servicekit import run_migrations

run_migrations(Base.metadata)
