-- Rejected rows by run and reason.
-- reads:    etl
-- grain:    run_id, reason_code
select run_id, reason_code, count(*) as rows_rejected, any_value(source_file) as example_file
from etl_rejects
group by all
order by run_id desc, rows_rejected desc, reason_code
