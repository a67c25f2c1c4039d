"""Project-wide REST API plumbing: errors, schema, pagination, throttling, permissions, URLs.

Each app keeps its own router under ``<app>/api/``; ``config.api.urls`` mounts them all under
``/api/v1/`` next to the OpenAPI schema (``/api/schema/``) and Swagger UI (``/api/docs/``).
"""
