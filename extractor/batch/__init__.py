"""`policyx ingest`: many files read into records, each in an isolated reader.

    driver.py   discover → plan (hash, skip what is done, assign ids) → read → commit → dataset;
                the manifest (manifest.json and its journal) and the outputs
    worker.py   the reader processes of this machine (`python -m extractor.batch.worker`)
    cluster.py  the same readers on the workers of a Dask cluster

Nothing is imported here: a reader process starts with what it needs only.
"""
