"""The pipeline: articles in (``articles``, ``ingest``, ``adding``), claims read from them
(``extract``, with the ``codebook``), analysts' decisions applied (``reviews``), tables written
(``build``); ``train`` refits the learned layer the reading uses."""
