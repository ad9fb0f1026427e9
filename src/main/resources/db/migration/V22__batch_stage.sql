-- collective_batch.status keeps the batch's stage only: RECEIVED or WITHDRAWN. Where a batch stands as a whole
-- (in progress, completed, ...) is derived from its process instance; the stages older versions wrote there mean
-- "received" now.
update collective_batch set status = 'RECEIVED' where status is null or status not in ('RECEIVED', 'WITHDRAWN');
