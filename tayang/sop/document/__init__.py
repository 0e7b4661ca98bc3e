"""The SOP document of Permenpan-RB 35/2012: identity table and procedure table with the
flowchart in the executors' lanes, generated from a definition as HTML and as a PDF.

Plain Python (Typst for the PDF), no Django: :func:`layout.layout` lays everything out once;
:mod:`html`, :mod:`svg` and :mod:`pdf` draw it. See docs/sop-document.md.
"""
