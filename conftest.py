pytest_plugins = [
    "zabota.testing",
    "zabota.testing_live_server",
    "zabota.testing_browser",
    "zabota.testing_replica",
]
