from servicekit import NotFound


class LocationNotFound(NotFound):
    type = "location-not-found"
    title = "Location not found"
    rule = "R-HIER-03"

    def __init__(self, location_id: object) -> None:
        super().__init__(
            f"No location {location_id} of this customer is known here (deleted, not yours, or not heard of yet).",
            location_id=str(location_id),
        )
