-- The analysts' schema: every table and column with its type and bilingual description.
-- reads:    catalog
-- grain:    table_name, column_name
select
    c.table_name,
    t.comment as table_comment,
    c.column_name,
    c.data_type,
    c.is_nullable,
    c.comment as column_comment
from duckdb_columns() as c
join duckdb_tables() as t on t.table_name = c.table_name and t.schema_name = c.schema_name
where c.schema_name = 'main'
order by c.table_name, c.column_index
