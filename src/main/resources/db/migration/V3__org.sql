-- Schools are institutions whose collective batches carry student numbers (学籍号) and photos;
-- the flag lets reports and forms tell them apart without guessing from the name.
alter table org_unit add column school boolean default false not null;
