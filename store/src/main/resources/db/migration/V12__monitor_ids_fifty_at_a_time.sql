-- Monitor ids are taken 50 at a time (Monitor's @SequenceGenerator, allocationSize 50), so that a bulk create inserts
-- its monitors in JDBC batches. Each nextval now reserves a block of 50; ids stay unique and increase within a process,
-- with gaps. Rows inserted without Hibernate still take nextval and so never fall into a block a process holds.
alter sequence monitors_id_seq increment by 50;
