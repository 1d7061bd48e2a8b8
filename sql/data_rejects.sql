-- The rejected rows themselves, with the reason and the original row (the $limit newest).
-- reads:    etl
-- grain:    run_id, source_file, row_number
-- params:   limit = 1000
select run_id, source_file, row_number, reason_code, reason, raw
from etl_rejects
order by run_id desc, source_file, row_number
limit $limit
