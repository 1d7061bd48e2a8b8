-- Transfers and licences by the IP type behind them (contracts whose file states one).
select
    i.ip_type,
    i.{name} as ip_name,
    i.is_patent,
    sum(m.contracts) as contracts,
    sum(m.{value_col}) / {scale} as value
from {flows} as m
join ip_types as i on i.ip_type = m.ip_type
where m.contract_type in ('transfer', 'licensing')
group by all
order by value desc
