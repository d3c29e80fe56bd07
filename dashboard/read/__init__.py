"""The read side: the built tables loaded and indexed (``store``), a selection of them (``filters``),
what is derived from claims (``derive``), and what a selection is shown as: words (``labels``),
figures (``figures``, ``margins``), files (``exports``) and feeds (``feeds``). Pure: frames in, values out."""
