"""The benchmark of `make bench` (docs/performance.md): plain modules, and an app only so that
its command `manage.py bench` is found (the top floor: it may import every app).

Each module measures one area on the data `demo_data` built and returns `results.Result`
objects: the value, and where it makes sense a floor — the same work done the most direct way,
measured in the same run — so a number can be judged on any machine by its ratio.

- `acts.py`: one act as DOCX, and every act of a month for a thousand people;
- `reports.py`: the department and institution reports against one GROUP BY over the log;
- `exports.py`: the year's service log and a 100 000-row list as XLSX, speed and memory;
- `server.py`: gunicorn on 127.0.0.1 with production settings, for the two below;
- `pages.py`: page latency under 50 users driven by locust (bench/locustfile.py);
- `sync.py`: a hundred tablets sending their records at once;
- `run.py`: all of them in order, the targets, the JSON file.
"""
