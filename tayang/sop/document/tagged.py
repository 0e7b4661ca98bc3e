"""The PDF standard every PDF Tayang makes is written to: PDF/UA-1 (issue 14, point 7).

Typst (0.14 and later) tags every PDF — headings, paragraphs, tables with their header cells,
figures with their alternative text, in reading order — and, asked for PDF/UA-1, also checks
the document has a title (``#set document(title: ...)``), shows that title as the window's
title (``/DisplayDocTitle``) and refuses an image without ``alt``. A template that breaks
the standard fails loudly when compiled, in the tests, instead of printing an unreadable PDF.
Blind staff and citizens open the SOP, the records, the posters and the large print with a
screen reader; tests/accessible/test_tagged_pdfs.py checks each kind.
"""

PDF_STANDARD = "ua-1"
