"""Page views: for each page, one function that gathers its data and applies the rules
into a small frozen dataclass, so the page script only draws and the view is tested
without AppTest."""
