"""The embedded stack for development and tests: PostgreSQL, a Kafka-protocol broker, an SMTP sink."""
