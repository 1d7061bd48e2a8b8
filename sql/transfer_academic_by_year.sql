-- Technology transfer from universities and research institutes to enterprises (高校院所成果转化):
-- contracts whose seller is a university or research institute and whose buyer is an enterprise, by
-- year and kind of seller. Every contract type counts; the type filter narrows it.
-- reads:    flows
-- needs:    registry
-- grain:    year, seller_kind
-- measures: contracts = contracts, value = value
select
    year,
    seller_kind,
    sum(contracts) as contracts,
    {value} as value
from {flows}
where is_academic_transfer
group by all
order by year, seller_kind
