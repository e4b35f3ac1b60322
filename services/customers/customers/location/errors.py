from servicekit import Conflict, NotFound


class LocationNotFound(NotFound):
    type = "location-not-found"
    title = "Location not found"
    rule = "R-HIER-03"

    def __init__(self, location_id: object) -> None:
        super().__init__(
            f"No location {location_id} of this customer among your customers.", location_id=str(location_id)
        )


class CustomerTakesNoLocations(Conflict):
    type = "customer-takes-no-locations"
    title = "The customer takes no new locations"

    def __init__(self, state: str, *, change: str) -> None:
        super().__init__(
            f"The customer is {state!r}: its locations cannot be {change}. A suspended customer keeps its locations "
            "and gets new ones once resumed; a cancelled or stopped one gets none.",
            state=state,
        )


class LocationNameTaken(Conflict):
    type = "location-name-taken"
    title = "The customer already has a location of that name"

    def __init__(self, name: str, existing_id: object) -> None:
        super().__init__(
            f"The customer already has a location named {name!r}.",
            field="name",
            existing_location_id=str(existing_id),
        )
