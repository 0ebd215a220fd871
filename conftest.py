pytest_plugins = ["zabota.testing"]
