"""The version of the reading: records and the batch manifest carry it (a new version re-reads every document)."""

PIPELINE_VERSION = "0.1.0"
