from cc_setup.support.desks import DESKS, NO_LOCATION, PROVISIONING_FAULT, Desk, DeskName

__all__ = ["DESKS", "NO_LOCATION", "PROVISIONING_FAULT", "Desk", "DeskName"]
