-- Years the yearbook's province tables cover.
select distinct year from official_stats where source_file = 'data/reference/tech_market_provinces.csv' order by year desc
