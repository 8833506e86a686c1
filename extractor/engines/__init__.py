"""How a run is driven: the local process pool (``local``) and a Dask cluster (``dask``)."""
