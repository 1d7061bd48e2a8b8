-- ETL runs, newest first: files, rows in, added, updated, unchanged, rejected.
-- reads:    etl
-- grain:    run_id
select run_id, started_at, finished_at, source, files, rows_in, rows_loaded, rows_updated, rows_unchanged, rows_rejected, status
from etl_runs
order by run_id desc
