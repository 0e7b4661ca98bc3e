"""HTTP as browsers, crawlers and feed readers expect it: content codings, byte ranges."""
