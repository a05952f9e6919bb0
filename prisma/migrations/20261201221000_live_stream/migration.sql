-- CreateTable
CREATE TABLE "live_stream" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "instance" TEXT NOT NULL,
    "credential" TEXT NOT NULL,
    "userId" TEXT,
    "seenAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "live_stream_credential_idx" ON "live_stream"("credential");

-- CreateIndex
CREATE INDEX "live_stream_userId_idx" ON "live_stream"("userId");

-- CreateIndex
CREATE INDEX "live_stream_instance_idx" ON "live_stream"("instance");
