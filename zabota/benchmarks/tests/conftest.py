def pytest_configure(config):
    # Registered here so that --strict-markers accepts it; `-m "not bench"` leaves the
    # end-to-end run of the benchmark out.
    config.addinivalue_line("markers", "bench: runs the benchmark end to end at a tiny scale")
