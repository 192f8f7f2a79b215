# The build of one function for `sam build` (template.yaml: Metadata: BuildMethod: makefile), included by each
# function's Makefile after it sets FUNCTION_DIR to its own folder.
#
# SAM runs the Makefile from a scratch copy of the function's folder, where the parent POM and the shared module
# are out of reach, so the build runs in the repository itself, found from the Makefile's own path. The function's
# shaded jar goes into lib/ of the artifact, which the Lambda Java runtime puts on the classpath.
ROOT := $(abspath $(FUNCTION_DIR)/../..)
MODULE := $(notdir $(FUNCTION_DIR))

.PHONY: function
function:
	@test -x "$(ROOT)/mvnw" || { echo "$(ROOT) is not the org-invites repository" >&2; exit 1; }
	cd "$(ROOT)" && ./mvnw -q -B -DskipTests -pl functions/$(MODULE) -am package
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp "$(ROOT)/functions/$(MODULE)/target/$(MODULE).jar" "$(ARTIFACTS_DIR)/lib/"
