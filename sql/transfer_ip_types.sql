-- Transfers and licences by the IP type behind them (contracts whose file states one).
-- reads:    flows
-- needs:    registry, type
-- grain:    ip_type, ip_name, is_patent
-- measures: contracts = contracts, value = value
select
    i.ip_type,
    i.{name} as ip_name,
    i.is_patent,
    sum(m.contracts) as contracts,
    {value:m} as value
from {flows} as m
join ip_types as i on i.ip_type = m.ip_type
where m.contract_type in ('transfer', 'licensing')
group by all
order by value desc, i.ip_type
