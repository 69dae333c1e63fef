package dialects

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/prefectorm/prefectorm/models"
)

// FlowRunPage is Prefect's FlowRunPaginationResponse: one page of flow runs
// and the total count of the filter.
type FlowRunPage struct {
	Results []models.FlowRun
	// Count is the number of runs matching the filter; Pages is
	// ceil(Count / Limit).
	Count, Limit, Pages, Page int64
}

// PaginateFlowRuns mirrors Prefect's api/flow_runs.py paginate_flow_runs
// (/flow_runs/paginate): page (1-based) of limit runs matching filter in
// the order of sort (Prefect's default ID_DESC when empty), with the count
// of every matching run. The deployment page of the UI, Prefect issue
// #22889, is filter.DeploymentIDs = {id}: prefectorm's index
// prefectorm_ix_flow_run__deployment_id_start_time serves its count and
// pages (Prefect's schema has no index leading with deployment_id).
func PaginateFlowRuns(ctx context.Context, db *gorm.DB, filter FlowRunFilter, sort models.FlowRunSort, page, limit int) (FlowRunPage, error) {
	if sort == "" {
		sort = models.FlowRunSortIDDesc
	}
	if _, err := models.ParseFlowRunSort(string(sort)); err != nil {
		return FlowRunPage{}, err
	}
	if page < 1 {
		return FlowRunPage{}, fmt.Errorf("prefectorm: PaginateFlowRuns: page %d: want at least 1", page)
	}
	if err := checkPage("PaginateFlowRuns", limit, 0); err != nil {
		return FlowRunPage{}, err
	}
	count, err := CountFlowRuns(ctx, db, filter)
	if err != nil {
		return FlowRunPage{}, err
	}
	q, err := filter.apply(db.WithContext(ctx).Model(&models.FlowRun{}))
	if err != nil {
		return FlowRunPage{}, err
	}
	out := FlowRunPage{Count: count, Limit: int64(limit), Page: int64(page), Pages: (count + int64(limit) - 1) / int64(limit)}
	err = q.Clauses(sort).Offset((page - 1) * limit).Limit(limit).Find(&out.Results).Error
	return out, err
}

// RecentFlowRuns is the dashboard's flow run list, Prefect's
// models.flow_runs.read_flow_runs with sort START_TIME_DESC and a
// start_time.after_ filter (e.g. the failed and crashed runs of the last
// seven days): limit runs from offset matching filter, latest start first,
// then id descending. filter.StartTimeAfter is required: with it every run
// has a start time, so ordering by start_time is Prefect's
// COALESCE(start_time, expected_start_time) order.
//
// With StateTypes, the runs of each state type come off
// prefectorm_ix_flow_run__state_type_start_time already ordered (one
// UNION ALL branch per state type, each reading at most offset + limit
// index entries backwards), and only those few rows are merged and sorted;
// Prefect's query walks its COALESCE index over every run since the start
// of the window, or sorts all the matching runs. Without StateTypes the
// runs come off ix_flow_run__start_time.
func RecentFlowRuns(ctx context.Context, db *gorm.DB, filter FlowRunFilter, limit, offset int) ([]models.FlowRun, error) {
	if filter.StartTimeAfter.IsZero() {
		return nil, fmt.Errorf("prefectorm: RecentFlowRuns: filter.StartTimeAfter (flow_runs.start_time.after_) is required")
	}
	if err := checkPage("RecentFlowRuns", limit, offset); err != nil {
		return nil, err
	}
	const order = "start_time DESC, id DESC"
	base := db.WithContext(ctx)
	var runs []models.FlowRun
	if len(filter.StateTypes) <= 1 {
		q, err := filter.apply(base.Model(&models.FlowRun{}))
		if err != nil {
			return nil, err
		}
		err = q.Order("flow_run." + strings.ReplaceAll(order, ", ", ", flow_run.")).Offset(offset).Limit(limit).Find(&runs).Error
		return runs, err
	}
	var branches []any
	var sql []string
	for _, st := range uniqueStateTypes(filter.StateTypes) {
		one := filter
		one.StateTypes = []models.StateType{st}
		q, err := one.apply(base.Session(&gorm.Session{NewDB: true}).Model(&models.FlowRun{}))
		if err != nil {
			return nil, err
		}
		branches = append(branches, q.Order("flow_run."+strings.ReplaceAll(order, ", ", ", flow_run.")).Limit(offset+limit))
		sql = append(sql, "SELECT * FROM (?) AS b"+strconv.Itoa(len(sql)))
	}
	err := base.Table("("+strings.Join(sql, " UNION ALL ")+") AS flow_run", branches...).
		Order(order).Offset(offset).Limit(limit).Find(&runs).Error
	return runs, err
}

// uniqueStateTypes returns types without duplicates, in their first order.
func uniqueStateTypes(types []models.StateType) []models.StateType {
	var out []models.StateType
	for _, t := range types {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}
