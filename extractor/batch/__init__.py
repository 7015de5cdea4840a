"""`policyx ingest`: many files read into records, each in an isolated reader.

    driver.py   discover → plan (hash, skip what is done, assign ids) → read → commit → dataset
    manifest.py manifest.json and its journal: which input became which record; how a run ends
    worker.py   the reader processes of this machine (`python -m extractor.batch.worker`)
    cluster.py  the same readers on the workers of a Dask cluster

Nothing is imported here: a reader process starts with what it needs only.
"""
