-- Flows between blocs by year: contract value (亿元) from each seller bloc to each buyer bloc.
select year, seller_bloc, buyer_bloc, sum(contracts) as contracts, round(sum(amount_cny) / 1e8, 2) as value_cny_100m
from mart_flows
group by all
order by year, seller_bloc, buyer_bloc
