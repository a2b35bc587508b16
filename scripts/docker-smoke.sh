#!/usr/bin/env bash
# 镜像冒烟测试：构建镜像，用一个新的数据卷启动，检查健康检查、各个地址、非 root 运行、
# 重启后数据仍在、docker stop 能正常退出。需要能运行 docker 的机器。
# 用法：scripts/docker-smoke.sh [镜像名]        （默认 planbot:smoke；PORT=3000 可改宿主机端口）
# Image smoke test: build, start on a fresh volume, check health, endpoints, non-root, persistence across a
# restart and a graceful stop. Exits 1 if any check fails.
set -u
cd "$(dirname "$0")/.."
IMAGE=${1:-planbot:smoke}
PORT=${PORT:-3000}
NAME=planbot-smoke-$$
VOLUME=planbot-smoke-$$
failed=0
pass() { echo "通过  $*"; }
fail() { echo "失败  $*"; failed=1; }
cleanup() { docker rm -f "$NAME" >/dev/null 2>&1; docker volume rm "$VOLUME" >/dev/null 2>&1; }
trap cleanup EXIT
status() { curl -s -m 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$1"; }
wait_healthy() {
  for _ in $(seq 1 90); do
    case "$(docker inspect --format '{{.State.Health.Status}}' "$NAME" 2>/dev/null)" in
      healthy) return 0 ;;
      unhealthy) return 1 ;;
    esac
    sleep 1
  done
  return 1
}
# The embedded database is opened by one program at a time: plans are counted by a one-off container on the
# volume while the bot's container is stopped.
plans() { docker run --rm -v "$VOLUME:/data" "$IMAGE" node dist/src/cli.js plans --json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).length))'; }

docker build ${DOCKER_BUILD_ARGS:-} -t "$IMAGE" . >/tmp/planbot-smoke-build.log 2>&1 \
  && pass "镜像构建成功（$(docker image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}')）" \
  || { fail "镜像构建失败，日志见 /tmp/planbot-smoke-build.log"; exit 1; }
docker run -d --name "$NAME" -p "$PORT:3000" -v "$VOLUME:/data" "$IMAGE" >/dev/null || { fail "容器无法启动"; exit 1; }
wait_healthy && pass "健康检查通过" || fail "健康检查未通过：$(docker logs --tail 5 "$NAME" 2>&1)"
for path in /healthz /readyz / /metrics; do
  [ "$(status "$path")" = 200 ] && pass "GET $path 返回 200" || fail "GET $path 返回 $(status "$path")"
done
[ "$(docker exec "$NAME" id -u)" != 0 ] && pass "以非 root 用户运行" || fail "以 root 运行"
docker exec "$NAME" node dist/src/cli.js plans 2>&1 | grep -q '正被另一个程序使用' \
  && pass "助手运行时，命令行不会打开同一个内置数据库" || fail "助手运行时，命令行打开了同一个内置数据库"
start=$(date +%s)
docker stop -t 15 "$NAME" >/dev/null
code=$(docker inspect --format '{{.State.ExitCode}}' "$NAME")
[ "$code" = 0 ] && pass "docker stop 正常退出（$(( $(date +%s) - start )) 秒）" || fail "docker stop 退出码 $code"
[ "$(plans)" = 1 ] && pass "首次启动载入了示例计划" || fail "首次启动没有载入示例计划"
docker start "$NAME" >/dev/null && wait_healthy && docker stop -t 15 "$NAME" >/dev/null && [ "$(plans)" = 1 ] \
  && pass "重启后数据仍在，示例计划没有重复载入" || fail "重启后数据不对"
[ "$failed" = 0 ] && echo "全部通过" || echo "有检查未通过"
exit "$failed"
