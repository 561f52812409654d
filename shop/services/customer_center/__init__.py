"""The customer center's use cases (§3–§6, §10): one module per use case, each owning its
transaction through `shop.services.unit_of_work`; the views in the top-level
`customer_center` package only read forms, call these and show the outcome.
"""
