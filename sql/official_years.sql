-- Years the yearbook's province tables cover.
-- reads:    official
-- grain:    year
select distinct year from official_stats where dataset = 'yearbook_provinces' order by year desc
