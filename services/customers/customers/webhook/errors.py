from servicekit import NotFound


class WebhookEndpointNotFound(NotFound):
    def __init__(self, endpoint_id: object) -> None:
        super().__init__(f"No webhook endpoint {endpoint_id}.")
