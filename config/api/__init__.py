"""Project-wide REST API plumbing shared by the apps' APIs: errors, schema, pagination,
throttling, permissions, links, filters, the version serializer. Imports no app's API.

Each app keeps its own router under ``<app>/api/``; ``config.api_urls`` mounts them all under
``/api/v1/`` next to the OpenAPI schema (``/api/schema/``) and Swagger UI (``/api/docs/``).
"""
