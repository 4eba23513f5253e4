"""Clients for external systems, one sub-package per system, each with a local simulator."""
