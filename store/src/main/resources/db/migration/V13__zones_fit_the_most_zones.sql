-- A monitor names up to 10 zones of up to 40 characters (io.cloudroutes.core.Limits.Zones, ZoneNames), stored
-- between commas: 409 characters, which varchar(400) refused, so that saving a pushed monitor (whose zones need not be
-- the operator's) with the most zones of the longest names failed. Widening a varchar rewrites no row.
alter table monitors alter column zones type varchar(409);
