from servicekit import Conflict, NotFound


class WebhookEndpointNotFound(NotFound):
    def __init__(self, endpoint_id: object) -> None:
        super().__init__(f"No webhook endpoint {endpoint_id}.")


class WebhookEndpointDisabled(Conflict):
    type = "webhook-endpoint-disabled"
    title = "Webhook endpoint disabled"

    def __init__(self, endpoint_id: object) -> None:
        super().__init__(f"Webhook endpoint {endpoint_id} is disabled; register a new one to receive events.")
