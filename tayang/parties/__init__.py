"""Outside parties (*pihak luar*): offices outside an organization's members that answer SOP
steps through signed links sent by e-mail (docs/decisions.md, "Pihak luar")."""
