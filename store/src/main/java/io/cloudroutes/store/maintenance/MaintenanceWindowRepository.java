package io.cloudroutes.store.maintenance;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Maintenance windows. Every user-facing lookup goes through a team-scoped method. */
public interface MaintenanceWindowRepository extends JpaRepository<MaintenanceWindow, Long> {

    Optional<MaintenanceWindow> findByIdAndTeamId(Long id, Long teamId);

    @Query(
            "select distinct w from MaintenanceWindow w left join fetch w.monitorIds where w.teamId = ?1 order by w.name")
    List<MaintenanceWindow> findAllOfTeam(Long teamId);

    /** Every team's windows with the monitors they name, for the actioner, which holds monitors in maintenance. */
    @Query("select distinct w from MaintenanceWindow w left join fetch w.monitorIds")
    List<MaintenanceWindow> findAllWithMonitors();

    /**
     * What changes when any window is made, changed or deleted: the number of windows and the latest change. The
     * actioner reads it every second and loads the windows again only when it moved.
     */
    @Query("select count(w), max(w.updatedAt) from MaintenanceWindow w")
    List<Object[]> changeMark();

    /** The ids of the team's monitors that carry any of these tags (the GIN index on tags answers it). */
    @Query(value = "select id from monitors where team_id = ?1 and tags && cast(?2 as varchar[])", nativeQuery = true)
    List<Long> monitorIdsTagged(Long teamId, String[] tags);

    /** Of these ids, those of the team's monitors: what a window may name. */
    @Query(value = "select id from monitors where team_id = ?1 and id = any(?2)", nativeQuery = true)
    List<Long> monitorIdsOfTeam(Long teamId, Long[] ids);
}
