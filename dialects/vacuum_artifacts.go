package dialects

import (
	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/models"
)

// deleteArtifacts deletes the artifacts whose column (flow_run_id) is one
// of ids, through that column's index, and reconciles the collections of
// their keys: a collection whose latest artifact was deleted names the
// newest remaining artifact of its key, or is deleted when none is left
// (Prefect's _reconcile_artifact_collections, for just these keys).
func deleteArtifacts(tx *gorm.DB, column string, ids []models.UUID, r *VacuumReport) (int64, error) {
	var keys []string
	err := chunks(ids, func(c []models.UUID) error {
		var k []string
		err := tx.Raw("SELECT DISTINCT key FROM artifact WHERE "+column+" IN ? AND key IS NOT NULL", c).Scan(&k).Error
		keys = append(keys, k...)
		return err
	})
	if err != nil {
		return 0, err
	}
	n, err := execChunks(tx, "DELETE FROM artifact WHERE "+column+" IN ?", ids)
	if err != nil || len(keys) == 0 {
		return n, err
	}
	for len(keys) > 0 {
		c := keys[:min(len(keys), vacuumChunk)]
		keys = keys[len(c):]
		var stale []models.ArtifactCollection
		if err := tx.Raw("SELECT * FROM artifact_collection c WHERE key IN ? AND NOT EXISTS (SELECT 1 FROM artifact a WHERE a.id = c.latest_id)", c).Scan(&stale).Error; err != nil {
			return n, err
		}
		if err := reconcileCollections(tx, stale, r); err != nil {
			return n, err
		}
	}
	return n, nil
}

// reconcileCollections re-points each stale collection at the newest
// artifact of its key (ix_artifact__key_created_desc), copying the
// artifact's columns as Prefect does, or deletes it when its key has no
// artifact left.
func reconcileCollections(tx *gorm.DB, stale []models.ArtifactCollection, r *VacuumReport) error {
	for _, c := range stale {
		var latest []models.Artifact
		if err := tx.Raw("SELECT * FROM artifact WHERE key = ? ORDER BY created DESC LIMIT 1", c.Key).Scan(&latest).Error; err != nil {
			return err
		}
		if len(latest) == 0 {
			res := tx.Exec("DELETE FROM artifact_collection WHERE id = ?", c.ID)
			if res.Error != nil {
				return res.Error
			}
			r.ArtifactCollectionsDeleted += res.RowsAffected
			continue
		}
		a := latest[0]
		res := tx.Model(&models.ArtifactCollection{}).Where("id = ?", c.ID).UpdateColumns(map[string]any{
			"latest_id": a.ID, "data": a.Data, "description": a.Description, "type": a.Type,
			"created": a.Created, "updated": a.Updated, "flow_run_id": a.FlowRunID, "task_run_id": a.TaskRunID,
			"metadata_": a.Metadata,
		})
		if res.Error != nil {
			return res.Error
		}
		r.ArtifactCollectionsRepointed += res.RowsAffected
	}
	return nil
}
