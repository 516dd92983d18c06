"""How the documents are scheduled: extraction on Dask in partitions (cluster), their
extractions on disk and the cache (cache, records), and progress on long runs."""
