// lib/mcp: the Redis MCP server (tools over lib/cache).
export { createRedisMcpServer, type ServerOptions } from './mcp-server';
export { parseMcpConfig, type McpConfig } from './mcp-config';
export { ToolError, type ToolContext } from './tool-context';
