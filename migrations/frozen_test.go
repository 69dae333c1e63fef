package migrations_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// frozenScripts pins the SHA-256 of every released version's SQL. A
// released version must never change (databases already ran it): change
// the schema with a new version, and add its scripts here.
var frozenScripts = map[string]string{
	"sqlite/sql/0001_prefect_3_0.down.sql":                              "b72bf8562694bef338418fcc502f95b3f0a69de2043419c92edcc1e9eddea029",
	"sqlite/sql/0001_prefect_3_0.up.sql":                                "c9fc0e2ed8e366058c56a548920be5665d2a069434fa47001767f6ea56f8c651",
	"sqlite/sql/0002_deployment_concurrency_options.down.sql":           "48b3bfb5a54aff41a60c49141620dac3ad7c522e41c626ed14f77718cc9a7249",
	"sqlite/sql/0002_deployment_concurrency_options.up.sql":             "660d99ab13cc37c8aa04ad862221ee1600731ec7a64049054c98a4cc7b19ac2a",
	"sqlite/sql/0003_deployment_concurrency_limit_id.down.sql":          "4318c33ff205b6710f7af99f1804c1d97f7c22d7c63e457f51384232d36ec856",
	"sqlite/sql/0003_deployment_concurrency_limit_id.up.sql":            "71b1d5fefddd0ab3f865340698a6746f7efa8799c0586c552b5c7980088dff65",
	"sqlite/sql/0004_labels.down.sql":                                   "dec4ad8c5c216443d7c149ea8eec7e9e86c3cfb8e4f4b5d89c878deaceb30dab",
	"sqlite/sql/0004_labels.up.sql":                                     "4fba2123cc302ad0f77027c9056de59edaf0a6ec75b589bfc6201332cba156c3",
	"sqlite/sql/0005_sync_orm_models.down.sql":                          "aa74b1fdb20f012482e6c068a3abcc6d49c6d1c444696fde1136df0768e17901",
	"sqlite/sql/0005_sync_orm_models.up.sql":                            "6a4f02900aa9ad704e53b24236ad39ebb078630ccf4eda09b05a20482b99b7f9",
	"sqlite/sql/0006_deployment_schedule_parameters.down.sql":           "922981bb0579d39eb60a713cad9f224f19a4873819ea56d47d483d0bfddd1e43",
	"sqlite/sql/0006_deployment_schedule_parameters.up.sql":             "dd0cd99c4c1713c0a654fc00567ad37cbb48940372ae4ed9c08b9bdf121431d1",
	"sqlite/sql/0007_deployment_schedule_slug.down.sql":                 "7cca23b6d34d7d1f9f95e576a7708ac7a614ad8815ba04ccd491e1ad8b2f2e1a",
	"sqlite/sql/0007_deployment_schedule_slug.up.sql":                   "ed6ccee2f096b502ec130649335823e23083fd8adee4f61b296bfcf2234ecabe",
	"sqlite/sql/0008_work_pool_storage_configuration.down.sql":          "f31da2172c33d1dea6e5589c3ea5c8974c1d80c198d6185e75d3e609b9b63bba",
	"sqlite/sql/0008_work_pool_storage_configuration.up.sql":            "5d34df353163adda78f2882d38e27b79c3e57f7d2eb656632c0d0a69373652a2",
	"sqlite/sql/0009_deployment_version.down.sql":                       "c4ce32236e6fc333b4d8eb1f351bd79a4dd075863f73afe3486baf58701549d8",
	"sqlite/sql/0009_deployment_version.up.sql":                         "5923bb3e144912bc4173ca6017353162c9fb67f20b6e2699a5313531517784f3",
	"sqlite/sql/0010_events_related_gin.down.sql":                       "866be1519d83c588733828dd44acb85622954018c6c8939916a44e2a5ed1c4ce",
	"sqlite/sql/0010_events_related_gin.up.sql":                         "c01ea7babc9756ac12f19490e63e8c7b27c9667fb4f54c4019a0866a8ad89ccf",
	"sqlite/sql/0011_remove_flow_run_notifications.down.sql":            "90990f9c5b3d43ede9d4fbae6aaffe833a82883899311cf31271aeef5648e806",
	"sqlite/sql/0011_remove_flow_run_notifications.up.sql":              "4ce9c1bb0cf36d26337a035b4180b50cce90f4cf1a16505ecdd9328eee74aabd",
	"sqlite/sql/0012_automation_event_follower_scope_leader.down.sql":   "392daa5304ff4aa571dc2e0099958c891573e6e3e91cd875a9d281644cdd65c5",
	"sqlite/sql/0012_automation_event_follower_scope_leader.up.sql":     "0bf218e9175013085e148f0c39802b790886f70da15f361528581e19b2681947",
	"sqlite/sql/0013_automation_tags.down.sql":                          "9ee875941e236b826ce42bbb8e0b9229b76fd78e622594f9485875eed40a794f",
	"sqlite/sql/0013_automation_tags.up.sql":                            "080ee61a8b022edf2f7cde6394cc1c5e4d44764739d9da01b76292e15a9fdd20",
	"sqlite/sql/0014_drop_task_run_state_id_fk.down.sql":                "0d4a81fec0ea79968d15d1a263c0de269655436970112f21a319acd55c981166",
	"sqlite/sql/0014_drop_task_run_state_id_fk.up.sql":                  "f47084b69525da3bccfcd131d2b17a77c39fee7ba0b48080beeb77746b6897ab",
	"sqlite/sql/0015_concurrency_limits_v1_to_v2.down.sql":              "4b929dcfc1abb4f97bfe8332e5f4feb7011ea6e5cb90c4da048b60717760f50a",
	"sqlite/sql/0015_concurrency_limits_v1_to_v2.up.sql":                "e8a980dd4179967eba8bc6da2156537e6eaa8e3362d0c3dbc0f39c9e9f0a6740",
	"sqlite/sql/0016_flow_run_schedule_id_scheduler_index.down.sql":     "eaf0837dcf353bb75ea3f31f0a94e26f9c82391dd11696f8ed5aa67db75d80a9",
	"sqlite/sql/0016_flow_run_schedule_id_scheduler_index.up.sql":       "cad63ce986fc4914f91ca743763b8774d66b80f0728212906b8158b1b93739ec",
	"sqlite/sql/0017_task_run_state_type_start_time_index.down.sql":     "6936ffc67e2467bb84545d99d03c34129435cb4a907860441d81b7c9831e0519",
	"sqlite/sql/0017_task_run_state_type_start_time_index.up.sql":       "4203b8032278291aea91f8b4667499180937365062c26335abcdd5635ee9f562",
	"sqlite/sql/0018_block_document_reference_self_check.down.sql":      "2254d62dd7a7a1cc96b97d1506be2a0cc5359394c76086ef4a4fb23374031fb1",
	"sqlite/sql/0018_block_document_reference_self_check.up.sql":        "9937c14a4d03a3091c518e7ce8ff70f06ed5ccd56ac6c8c3ada0ca677ba07d9e",
	"sqlite/sql/0019_event_resources_occurred_index.down.sql":           "adb00cff0d3662ab193329c8c19a74ba8c75fee7e310df656e64eba1baadfe6a",
	"sqlite/sql/0019_event_resources_occurred_index.up.sql":             "936475fd840feb9eb370d8094f2d6daa80e7f84ce751ef231cedbf325623f21b",
	"sqlite/sql/0020_event_resources_event_id_index.down.sql":           "56c2ccf23b8422134647d56056eb3968a69ee7f4df7a7a9330a56ed8930d1c8d",
	"sqlite/sql/0020_event_resources_event_id_index.up.sql":             "cc057d40361cbf611e210765cc6762cca990c9afaa89ef0101c10675d2ffe39c",
	"sqlite/sql/0021_prefectorm_sort_indexes.down.sql":                  "2281155c2ee15a6e316aa1237aca1de9f9c816e59d23d3ca093c0e14c313f23f",
	"sqlite/sql/0021_prefectorm_sort_indexes.up.sql":                    "780fe15b975d780276d8bf35753673118a03d9f89b95b12c14fa64805a1e8317",
	"sqlite/sql/0023_prefectorm_ui_indexes.down.sql":                    "74633b503a9b79d7c5f48e111fafad6f4faedc68e7c026063b31c62ab8ac102a",
	"sqlite/sql/0023_prefectorm_ui_indexes.up.sql":                      "cdc9c348b42409d31ada6120014fa192548515db533eb1c36fc11a2df5f5f54b",
	"sqlite/sql/0024_prefectorm_retention_indexes.down.sql":             "13066ef2aa97622caa37c5b4c4acc4206a7eff6e853fd8082bcf3770f92b633c",
	"sqlite/sql/0024_prefectorm_retention_indexes.up.sql":               "4adeffe75d5d4cf72a67efdb3bc41aec30a541cf71205e9c528ca4c498e1c47e",
	"sqlite/sql/0022_prefectorm_worker_indexes.down.sql":                "d76964ba8c7421658353d368602d5bbc965b49b4e3245fe1920dd3103627e575",
	"sqlite/sql/0022_prefectorm_worker_indexes.up.sql":                  "1cf03d203f5102b648f6671b803ffa058f98466ef95d243cd14426d743890247",
	"postgres/sql/0001_prefect_3_0.down.sql":                            "20b16bb53022ef109506f95082873f11aa52813b51a617bcd66734311b0b398a",
	"postgres/sql/0001_prefect_3_0.up.sql":                              "bed1bf066260890357c5cef7bff1d66821bbf729abb54558af4f4ce2069d03d8",
	"postgres/sql/0002_deployment_concurrency_options.down.sql":         "391d7bd82f2da557a4f50312a5c35615225598ba233cc1eaf1977c0b1ccabc2f",
	"postgres/sql/0002_deployment_concurrency_options.up.sql":           "321eb1ec7fce7219076509cef56b9a6c6b318988257bfd7c1de89d38fcf96917",
	"postgres/sql/0003_deployment_concurrency_limit_id.down.sql":        "9ab891eb8b43316f3c9cc8dfd6ad8d060e3ce918836621d51192db33651c563e",
	"postgres/sql/0003_deployment_concurrency_limit_id.up.sql":          "1a3eb5be656e795c4fa6a1971fc1411dd6d5481cdbe2c5c4fa93a1dc8a37e590",
	"postgres/sql/0004_labels.down.sql":                                 "67ea947a25b10dcecb2ca6467775a16564ac0bda5cacad80991fb91844adc19c",
	"postgres/sql/0004_labels.up.sql":                                   "4016b33e834c2be968dccd9d03877de3af301ce4e4719dda0146e3c182872085",
	"postgres/sql/0005_sync_orm_models.down.sql":                        "b8cc49410462b75281f28300175a6e54abdc12d74cb76916b557a1be04c05396",
	"postgres/sql/0005_sync_orm_models.up.sql":                          "6c7720899d8d38dc546bbf81e3fb133f7b55aeaf6d2f2c3fb1bbd3767b2fcc46",
	"postgres/sql/0006_deployment_schedule_parameters.down.sql":         "85b6d5925b0d6209d6ed8968817ea96e1570b8eef941af3ef401f64ae0e2f85e",
	"postgres/sql/0006_deployment_schedule_parameters.up.sql":           "e24d077dca2b74ede6f9407634273805f37751d6b6ab270acab887ec31c03fbb",
	"postgres/sql/0007_deployment_schedule_slug.down.sql":               "4996283e365d8197c093c3592ca4ce7795aa12cfdf1d21f5de96808856524edf",
	"postgres/sql/0007_deployment_schedule_slug.up.sql":                 "a541112ac163ecea06929a1893ab47b8162f0c52fad52b701fdf3b258bdec540",
	"postgres/sql/0008_work_pool_storage_configuration.down.sql":        "ae927728bb0ed3c1f8c74273a813da17e5028ab12704343c7a9b315a8409a914",
	"postgres/sql/0008_work_pool_storage_configuration.up.sql":          "c3a17bc512579544e32c50249b295df441ebbef66d70e7a6ef6569b6e93a7540",
	"postgres/sql/0009_deployment_version.down.sql":                     "9d662f7156b6033ab6ab6f9a428ddcf5d1071bc4cdabb5edb51d24d4c3a15231",
	"postgres/sql/0009_deployment_version.up.sql":                       "9cc12487c2ec3a77faa88978d58e6466397ec6c249950d73201c24a8960affdf",
	"postgres/sql/0010_events_related_gin.down.sql":                     "09a323b6af4971734ae6971ddde8e6fafc3d6d47f84250cc861d5698770b82f0",
	"postgres/sql/0010_events_related_gin.up.sql":                       "6dc4e5b69f075024dfa3ebd725fa5afcd27d6dd52b6948a969ed1ae86cb4bd13",
	"postgres/sql/0011_remove_flow_run_notifications.down.sql":          "0bd031859a48e9249c8cc2d5bf53365c07ee8057e9057f5ffadb5ecc101a1be6",
	"postgres/sql/0011_remove_flow_run_notifications.up.sql":            "ff6ffe613afd22234bd11a0c54ce938c3b53b065ab2876713a8f97846fd7db08",
	"postgres/sql/0012_automation_event_follower_scope_leader.down.sql": "1ea3adfb922e2af4c0545ea8b2e424e937e9d8a86302f62d64ab14f7390cd397",
	"postgres/sql/0012_automation_event_follower_scope_leader.up.sql":   "45dff2f6bef51f1e923fa59d9b04208cecf72795ee45147c9826af757a44ead5",
	"postgres/sql/0013_automation_tags.down.sql":                        "3bd33fcc59cea89ce644554afac24db6ed65a0bc652d24941c13db13423a3dee",
	"postgres/sql/0013_automation_tags.up.sql":                          "08d8c85e3a4a7038c509b058d3f781ec37d76188f7db63108a49ac52eb967e49",
	"postgres/sql/0014_drop_task_run_state_id_fk.down.sql":              "505ebb1ef8569ecb0d68ceeb61431bb062c5213293c53d2e72d6fbaa4623b412",
	"postgres/sql/0014_drop_task_run_state_id_fk.up.sql":                "5788d92726605c98c144528f92056fae48f4cbc395dd3da89857a6467a6df8db",
	"postgres/sql/0015_concurrency_limits_v1_to_v2.down.sql":            "e3d521bedd72d9184fe29623fc6093fb96b9aae55496a073e6a6e2957ab287a8",
	"postgres/sql/0015_concurrency_limits_v1_to_v2.up.sql":              "f773cd97a18b327f3913085792c106350dbbf5c011d530710a4c10b9ecce2c4d",
	"postgres/sql/0016_flow_run_schedule_id_scheduler_index.down.sql":   "2cf069262fb25c272f2d556659e8e5c032d17718a23243fcdeabd4aa682bddea",
	"postgres/sql/0016_flow_run_schedule_id_scheduler_index.up.sql":     "d23440afa90bcbf7fd7e9ecc4a021e2ebccf06e196e3ca7361f5af1aa7635312",
	"postgres/sql/0017_task_run_state_type_start_time_index.down.sql":   "5bfa0d415b8c171cc59005b3486ff0957ab70fec986170c0babfcb36a25c723a",
	"postgres/sql/0017_task_run_state_type_start_time_index.up.sql":     "c72d854ff2f4f1fec9e67b9031d6ced7918fd71ba7fbf2f3b2c610f0a33d17bd",
	"postgres/sql/0018_block_document_reference_self_check.down.sql":    "410ce276bdf7163dbc082aba703f9e365f603fdf327ab8f336f3ccb9e72ea1f6",
	"postgres/sql/0018_block_document_reference_self_check.up.sql":      "4e001f50577f9f773e81ba2482f9d797f1a5acd2c4cf1c12bceebb8b0d289235",
	"postgres/sql/0019_event_resources_occurred_index.down.sql":         "1457d2ff7f1a405cdebabb5f35a6354b4325ceceb714a7c5099cab4e09983850",
	"postgres/sql/0019_event_resources_occurred_index.up.sql":           "1e0adb91d498574fdb20f7bda33a425ee6e712885fc5a1008c08cbcbe8f941b9",
	"postgres/sql/0020_event_resources_event_id_index.down.sql":         "d16da2d9d3bc50ec8231645e2bf01140b16619c03d6bb837a7bbdbb994d7b65a",
	"postgres/sql/0020_event_resources_event_id_index.up.sql":           "169568ae6fc3ffec56352a29eaab3170f4950dcb1781076aba5f52c68dacf957",
	"postgres/sql/0021_prefectorm_sort_indexes.down.sql":                "c5e0735df4377610cf484035ceefb5f30198027645acd00ea1939dbe897832e3",
	"postgres/sql/0021_prefectorm_sort_indexes.up.sql":                  "423dd8682e7e67beb466187f596f45d529f3c3b0c54aed112db83a0fbdef2c6b",
	"postgres/sql/0023_prefectorm_ui_indexes.down.sql":                  "a8bab70fb02c4b427d91c2c935a6070fd43b97b75992dfc6b14e08264399baaa",
	"postgres/sql/0023_prefectorm_ui_indexes.up.sql":                    "9b3405880d2749da4f88f75fcd3370cc06bcfbd28b531cb56ea61e640f73d635",
	"postgres/sql/0024_prefectorm_retention_indexes.down.sql":           "d9c6aba744cf111cc67d0bb4029c8580a1760873b672a6ff5ec2f5a45e9d4d24",
	"postgres/sql/0024_prefectorm_retention_indexes.up.sql":             "a7a10f00e9a460a6e00c06763a6f89fdc89e275d5d50bcc88dcdff0981c3e28f",
	"postgres/sql/0022_prefectorm_worker_indexes.down.sql":              "0bd0981c32a31864fed152454df4bd93a90e41375386057f883c6a8865890696",
	"postgres/sql/0022_prefectorm_worker_indexes.up.sql":                "ccd84368b11b92c94cbb645a2a3c2db7033ac736f065a0bdc20e7c4d4e2d0648",
}

// TestFrozenScriptsUnchanged requires every script of a released version to
// hold exactly the text it was released with, and every script on disk to
// be listed.
func TestFrozenScriptsUnchanged(t *testing.T) {
	var onDisk []string
	for _, dir := range []string{"sqlite/sql", "postgres/sql"} {
		names, err := filepath.Glob(filepath.Join(dir, "*.sql"))
		if err != nil {
			t.Fatal(err)
		}
		onDisk = append(onDisk, names...)
	}
	for _, path := range onDisk {
		want, ok := frozenScripts[path]
		if !ok {
			t.Errorf("%s is not listed in frozenScripts", path)
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != want {
			t.Errorf("%s changed (sha256 %x, released %s): released versions are frozen; add a new version instead", path, sum, want)
		}
	}
	for path := range frozenScripts {
		if !slices.Contains(onDisk, path) {
			t.Errorf("released script %s is missing", path)
		}
	}
}
