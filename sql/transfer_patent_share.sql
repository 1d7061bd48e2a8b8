-- The patent-backed share of technology transfers and licences, by year and type: the share of those
-- whose file states an IP type that rests on a patent or patent application (ip_types.is_patent).
-- Contracts that state no IP type are left out of both parts and counted in ip_stated_pct.
-- reads:    flows
-- needs:    registry, type
-- grain:    year, contract_type
-- measures: contracts_with_ip = contracts, patent_contracts = contracts, patent_count_share_pct = patent_share, patent_value_share_pct = patent_share, ip_stated_pct = share
select
    year,
    contract_type,
    sum(contracts) filter (ip_type is not null) as contracts_with_ip,
    sum(contracts) filter (is_patent) as patent_contracts,
    100.0 * sum(contracts) filter (is_patent) / nullif(sum(contracts) filter (ip_type is not null), 0) as patent_count_share_pct,
    100.0 * {value:where is_patent} / nullif({value:where ip_type is not null}, 0) as patent_value_share_pct,
    100.0 * sum(contracts) filter (ip_type is not null) / sum(contracts) as ip_stated_pct
from {flows}
where contract_type in ('transfer', 'licensing')
group by all
order by year, contract_type
