"""Reading the parts of a definition file into the SOP model, one module per part.

:mod:`tayang.sop.loader` drives them; each part reports its problems into one shared
:class:`~tayang.sop.reading.context.ReadContext`, so that a file is refused whole with every
problem at once.
"""
